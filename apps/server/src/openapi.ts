/** The OpenAPI 3.1 document of the public and machine endpoints (served at /api/v1/openapi.json; docs/api.md explains it). */

const open311Format = {
  name: 'format',
  in: 'path',
  required: true,
  description: 'json hoặc xml',
  schema: { type: 'string', enum: ['json', 'xml'] },
} as const;

const errorsResponse = (description: string) => ({
  description,
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' } },
    'text/xml': { schema: { type: 'string' } },
  },
});

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'CCHC — API công khai, Open311 và chỉ tiêu',
      version: '1.0.0',
      description:
        'Dữ liệu công khai về cải cách hành chính: phản ánh, kiến nghị theo Open311 GeoReport v2, dữ liệu mở và giá trị chỉ tiêu của các kỳ báo cáo. ' +
        'Thông báo lỗi bằng tiếng Việt. Khóa API do quản trị hệ thống cấp cho từng hệ thống, có phạm vi quyền và giới hạn số yêu cầu mỗi phút.',
      license: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key', description: 'Tên tham số theo Open311.' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: {
        Open311Service: {
          type: 'object',
          required: ['service_code', 'service_name', 'metadata', 'type'],
          properties: {
            service_code: { type: 'string', examples: ['ly-lich-tu-phap'] },
            service_name: { type: 'string', examples: ['Lý lịch tư pháp'] },
            description: { type: 'string' },
            metadata: { type: 'boolean' },
            type: { type: 'string', enum: ['realtime', 'batch', 'blackbox'] },
            keywords: { type: 'string' },
            group: { type: 'string' },
          },
        },
        Open311Request: {
          type: 'object',
          required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
          properties: {
            service_request_id: { type: 'string' },
            status: { type: 'string', enum: ['open', 'closed'] },
            status_notes: { type: ['string', 'null'], description: 'Câu trả lời đã công khai (đã loại bỏ dữ liệu cá nhân).' },
            service_name: { type: 'string' },
            service_code: { type: 'string' },
            description: { type: 'string' },
            agency_responsible: { type: ['string', 'null'] },
            service_notice: { type: ['string', 'null'] },
            requested_datetime: { type: 'string', format: 'date-time' },
            updated_datetime: { type: 'string', format: 'date-time' },
            expected_datetime: { type: ['string', 'null'], format: 'date-time' },
            address: { type: ['string', 'null'] },
            media_url: { type: ['string', 'null'] },
          },
        },
        Open311Created: {
          type: 'object',
          required: ['service_request_id'],
          properties: {
            service_request_id: { type: 'string' },
            service_notice: { type: 'string' },
            account_id: { type: ['string', 'null'] },
          },
        },
        Open311Errors: {
          type: 'array',
          items: {
            type: 'object',
            required: ['code', 'description'],
            properties: { code: { type: 'integer' }, description: { type: 'string' } },
          },
        },
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string' }, message: { type: 'string', description: 'Tiếng Việt' } },
        },
        Rate: {
          type: 'object',
          properties: { numerator: { type: 'number' }, denominator: { type: 'number' }, rate: { type: ['number', 'null'] } },
        },
        Indicators: {
          type: 'object',
          description: 'Số liệu đóng băng của báo cáo kỳ (bản đã hoàn tất, nếu chưa có thì bản tạo gần nhất).',
          required: ['regime', 'period', 'report', 'measuredOn', 'province', 'agencies'],
          properties: {
            regime: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
            period: {
              type: 'object',
              properties: {
                key: { type: 'string' },
                label: { type: 'string' },
                from: { type: 'string', format: 'date' },
                to: { type: 'string', format: 'date' },
              },
            },
            report: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                version: { type: 'integer' },
                status: { type: 'string', enum: ['ready', 'finalised'] },
              },
            },
            measuredOn: { type: 'string', format: 'date' },
            province: { type: 'object' },
            procedures: { type: 'object' },
            scores: { type: ['object', 'null'] },
            agencies: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  code: { type: 'string' },
                  name: { type: 'string' },
                  tasks: { $ref: '#/components/schemas/Rate' },
                  attendance: { $ref: '#/components/schemas/Rate' },
                  headAttendance: { $ref: '#/components/schemas/Rate' },
                  reviews: { $ref: '#/components/schemas/Rate' },
                  feedback: { type: 'object' },
                  score: { type: ['object', 'null'] },
                },
              },
            },
          },
        },
      },
    },
    paths: {
      '/open311/v2/services.{format}': {
        get: {
          summary: 'Danh sách dịch vụ (lĩnh vực phản ánh, kiến nghị)',
          parameters: [open311Format],
          responses: {
            '200': {
              description: 'Các dịch vụ',
              content: {
                'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Open311Service' } } },
              },
            },
          },
        },
      },
      '/open311/v2/requests.{format}': {
        get: {
          summary: 'Phản ánh, kiến nghị đã công khai (tối đa 1000, mới nhất trước)',
          description:
            'Không cần khóa. Với khóa của một hệ thống (published:read), kèm các phản ánh do chính hệ thống đó gửi, ở mọi trạng thái.',
          parameters: [
            open311Format,
            {
              name: 'service_request_id',
              in: 'query',
              schema: { type: 'string' },
              description: 'Một hoặc nhiều số, cách nhau bởi dấu phẩy',
            },
            { name: 'service_code', in: 'query', schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'closed', 'open,closed'] } },
            { name: 'start_date', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'end_date', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'api_key', in: 'query', schema: { type: 'string' }, required: false },
          ],
          responses: {
            '200': {
              description: 'Các phản ánh, kiến nghị',
              content: {
                'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Open311Request' } } },
              },
            },
            '400': errorsResponse('Tham số không hợp lệ'),
          },
        },
        post: {
          summary: 'Gửi một phản ánh, kiến nghị (khóa có quyền feedback:submit)',
          security: [{ apiKeyQuery: [] }, { apiKeyHeader: [] }],
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  required: ['api_key', 'service_code', 'description', 'last_name'],
                  properties: {
                    api_key: { type: 'string' },
                    service_code: { type: 'string' },
                    description: { type: 'string', minLength: 10 },
                    first_name: { type: 'string' },
                    last_name: { type: 'string' },
                    email: { type: 'string' },
                    phone: { type: 'string' },
                    address_string: { type: 'string' },
                    account_id: { type: 'string' },
                    'attribute[subject]': { type: 'string' },
                    'attribute[external_id]': { type: 'string', description: 'Mã của phản ánh ở hệ thống gửi (không trùng)' },
                    'attribute[agency_code]': { type: 'string', description: 'Mã cơ quan có thẩm quyền, nếu đã biết' },
                    'attribute[submitter_type]': { type: 'string', enum: ['citizen', 'business'] },
                  },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'Đã tiếp nhận',
              content: {
                'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Open311Created' } } },
              },
            },
            '400': errorsResponse('Dữ liệu không hợp lệ'),
            '401': errorsResponse('Thiếu khóa, khóa sai hoặc đã thu hồi'),
            '403': errorsResponse('Khóa không có quyền feedback:submit'),
            '409': errorsResponse('attribute[external_id] đã có trong sổ'),
            '429': errorsResponse('Vượt giới hạn số yêu cầu mỗi phút của khóa'),
          },
        },
      },
      '/open311/v2/requests/{id}.{format}': {
        get: {
          summary: 'Một phản ánh, kiến nghị',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, open311Format],
          responses: {
            '200': {
              description: 'Danh sách một phần tử (theo GeoReport v2)',
              content: {
                'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Open311Request' } } },
              },
            },
            '404': errorsResponse('Không có hoặc chưa công khai'),
          },
        },
      },
      '/api/v1/indicators': {
        get: {
          summary: 'Giá trị chỉ tiêu của một kỳ báo cáo (khóa có quyền figures:read)',
          security: [{ apiKeyHeader: [] }, { apiKeyQuery: [] }],
          parameters: [
            { name: 'period', in: 'query', required: true, schema: { type: 'string', examples: ['2026-q3'] } },
            { name: 'regime', in: 'query', required: false, schema: { type: 'string' }, description: 'Mã chế độ báo cáo' },
          ],
          responses: {
            '200': {
              description: 'Chỉ tiêu',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Indicators' } } },
            },
            '400': {
              description: 'Thiếu kỳ',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
            '401': {
              description: 'Thiếu hoặc sai khóa',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
            '403': {
              description: 'Khóa không có quyền figures:read',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
            '404': {
              description: 'Chưa có báo cáo của kỳ',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
            '429': {
              description: 'Vượt giới hạn',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
      },
      '/cong-khai/du-lieu/{dataset}.{format}': {
        get: {
          summary: 'Dữ liệu mở (CSV hoặc JSON), địa chỉ cố định',
          description:
            'Tệp JSON kèm tiêu đề, giấy phép, ngày của dữ liệu và ý nghĩa từng cột; tệp CSV có dòng tiêu đề là tên cột, ngày dữ liệu ở header X-Data-Date.',
          parameters: [
            {
              name: 'dataset',
              in: 'path',
              required: true,
              schema: { type: 'string', enum: ['tra-loi-pakn', 'ket-qua', 'ra-soat-thu-tuc'] },
            },
            { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: ['csv', 'json'] } },
          ],
          responses: {
            '200': {
              description: 'Tệp dữ liệu',
              content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } },
            },
            '404': {
              description: 'Không có hoặc tỉnh không công khai',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
      },
    },
  };
}
